import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { escapeXml, xmlElement } from './xml-text.js';

void describe('escapeXml', () => {
  void it('escapes the five entities, carriage returns and tabs, and leaves other text as it is', () => {
    assert.equal(escapeXml(`a&b<c>d"e'f\rg\th`), 'a&amp;b&lt;c&gt;d&quot;e&apos;f&#xD;g&#x9;h');
    assert.equal(escapeXml('&&'), '&amp;&amp;', 'every occurrence');
    for (const plain of ['', 'bench-reader', 'arn:aws:iam::123456789012:user/a/b', 'é → ü\n']) assert.equal(escapeXml(plain), plain);
  });

  void it('writes empty elements in the short form', () => {
    assert.equal(xmlElement('Path', '/'), '<Path>/</Path>');
    assert.equal(xmlElement('Tags', ''), '<Tags/>');
  });
});
