import { test } from 'node:test';
import assert from 'node:assert/strict';
import { issuerWithoutScheme, oidcProviderArn, providerUrlWithoutScheme } from './oidc-provider-url.js';

void test('accepts https URLs with a host and an optional path, and keeps them as given', () => {
  for (const [url, kept] of [
    ['https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE', 'oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE'],
    ['https://token.actions.githubusercontent.com', 'token.actions.githubusercontent.com'],
    ['https://Example.com/Path/', 'Example.com/Path/'],
    ['https://127.0.0.1:4599/issuer', '127.0.0.1:4599/issuer'],
  ] as const) {
    assert.equal(providerUrlWithoutScheme(url), kept, url);
  }
});

void test('refuses what is not https://host[/path]', () => {
  for (const url of [
    'example.org',
    'http://example.org',
    'HTTPS://example.org',
    'https://',
    'https:///path',
    'https://exa mple.org',
    'https://example.org?query=1',
    'https://example.org/#fragment',
    'https://user:pass@example.org',
    'https://.example.org',
    'https://example..org',
    'https://ex\u00e4mple.org',
    'https://example.org\\path',
    'https://[::1',
  ]) {
    assert.equal(providerUrlWithoutScheme(url), undefined, url);
  }
});

void test('the ARN carries the URL without its scheme; an issuer is matched with or without it', () => {
  assert.equal(oidcProviderArn('123456789012', 'oidc.example.com/id/1'), 'arn:aws:iam::123456789012:oidc-provider/oidc.example.com/id/1');
  assert.equal(issuerWithoutScheme('https://oidc.example.com/id/1'), 'oidc.example.com/id/1');
  assert.equal(issuerWithoutScheme('accounts.google.com'), 'accounts.google.com');
});
