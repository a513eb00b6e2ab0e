/**
 * For tests: an IdP signing certificate (self-signed, valid until 2126) and an assertion-encryption
 * private key, both made for Gatehouse's tests with OpenSSL, and SAML 2.0 IdP metadata built around
 * them. Nothing here is a secret of any real system.
 */

export const IDP_SIGNING_CERT_PEM = `-----BEGIN CERTIFICATE-----
MIIDHTCCAgWgAwIBAgIUbudTfwXjybLBJ6YcRIv67XaLwkkwDQYJKoZIhvcNAQEL
BQAwHTEbMBkGA1UEAwwSaWRwLmdhdGVob3VzZS50ZXN0MCAXDTI2MTIwMjA5NTk1
NloYDzIxMjYxMTA4MDk1OTU2WjAdMRswGQYDVQQDDBJpZHAuZ2F0ZWhvdXNlLnRl
c3QwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQDR7ZuM73dMMunTXkEN
Oey9avSdUu4i8AI1ySirF7scqwVvO9VTgekpZAmgkkHU3BkamE+dYnAA11b1Y/IW
Ta4eiwy83Icn66iokPnsK6rOvzRIqW6xNmtM5guzKzDlHarxuDDR96Z8YU34NMYi
H//BtWUrdQHyH2CEuWWKbn/Bix/4f57zl0Rf+m32/RFR+LZUcuecBbcWbEfUNjvX
4+14hKsOzOBd7AaPkcJqWwEyBS6EOQgQNYNktxz2ZElO9cnoXCbuo1lELQvhuHNo
MyoPydm4RfEwMILUsk8gTHBHhD2hGBm0pzognULJrPyYPZjkS9cKCaEtO0JsOvUy
yPpPAgMBAAGjUzBRMB0GA1UdDgQWBBTJEgdkySEYtuEuWMNicB9Yh59wUTAfBgNV
HSMEGDAWgBTJEgdkySEYtuEuWMNicB9Yh59wUTAPBgNVHRMBAf8EBTADAQH/MA0G
CSqGSIb3DQEBCwUAA4IBAQCK32kbMqjJzS6U14y9GBPWJ66KK8Rh6zgMU0WCPfoQ
4QkX9JG2uVVKo0RPJs2Eh+7s3HZE4j+IhD0vyILkiGLSiVxDufJ3qB8t77Q5vcj0
09tHdaXLn3a/niw/ax/OXbC+SRKyiytNucpUZ0hQn282PzEOlK4xdjMZQFujGS3e
d2dcuM2jGE7usGZGt8EJZu6Mj2hl+bafMb5TG+m3P9cCkoGHAj0GRGuuK6FUMTPC
bqacCqG8JQwTve/I3iXtUcwb4D2gPS83KYqGxZMXXbE3H95EKMIG99EV1/sHnRA2
Y14c2aO7yFfrIzFbxoPH3Q9ZQx7PlsuVLsp3JSZZkipF
-----END CERTIFICATE-----
`;

export const ENCRYPTION_PRIVATE_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDCQLYk4QEjhf01
qxNrR9kL/WCja0xexc/oksyyOFekqsFMIp1iyCh1LNWh9OPYXnnrGKBM7y/43pTD
5cQYz6Mlxiy6II9px5mjUPx++tXtje25y7thwmECGoVHPVa+ohDC2YoyI5ih6WmD
XBRLg/CZcOU/JSTxLeTdny3T5qQ35NAB3Lf/03T7r/zSxO2vY61gqaM0+ihqbfIv
xt4WzDhlCYl6qhpZ3SgoWgVHOvXDuqog/mUqZneC4FGVBUTVPanq2y+hFDPGW8gV
nwfzuUW+YHx0O6nn3U9etdFnz7CQUwdamdR6LMyipC8O5VJTbISDtXw5eSL4F04s
nRxt/XzbAgMBAAECggEABR5aAYnErNBBVlJkmub6dkFRQROF04xIO+gjKOHcL8FO
6Gste4ArtL64/sedrPXJJgoKYbL+loLpWtCDBMy/3Bh0CEMgYRit2NEi/iBgIus8
MH4IuRah1Y50vmZRRiLhTy99RgnzFSntELvytI5MkjZ/C+8C7kn+MsRlgdgDfsEa
CgeeQKElgJBNTlJH9qi+FR63ZUM16yl+QDLlJuKA2uvzBv4G9sdvC6y1UNFymN68
2gg3kkCqubDWLTrcu7tzKjseCfR49/3pkIWE2bMojDo2dW34WMQ8TKlEfCL4IY8Y
d9Y4R/WcyurLAh6qEPYJJm24VKij/jGIoN3BoUJN/QKBgQD1yOI3RahU1SSUbCmk
JNzEmy+d+WXzoZVpB5UJUqujsCkW6cr3NtvNlEXYGQzntksrSUrtsQep5fxBTrHP
olLsqLhqWkYOJ3tS7++CiYT7uefpu9Gc0uO9fOGg1PJIRiLSgxA58A8b3RW3JPc8
+GiriXgy3PJrqDzBsxEkhFieBQKBgQDKU4j7Ok83yzJoUr53qxC5YkISR/xk0bWB
EGyw0f6c05eI2vwcPhbrYWbLIP3jfUtOZsJ7sE2nn+QZGaAHz8KQ5GeapWl1Bksn
ellw3ZwYp6HvUjn2+Tn8e9uUiHNBdf1xtJ0FUlkc+/5IslfXea+k57p0KYUudtZo
1llMuE3FXwKBgQC+vcMw+dIE49SbisVWKXVa7sQpaN8CD6gP9l5m+c1SHugEbDOj
XuN9y0/YwLgPKp1zXlHT3MsBwwXc+OFtLaAFIXrcrmonmeRPHP1W5LpbUI72CVhG
yDMNXtkLI7dS93sWu7ff/rj6+rxbgUiN/InedbTeZDGN8uYTvI/VMxBCsQKBgGEU
kAerxNMKptczzLxy0oWBRh6rd8mQbjzNermlKTxqsq0yFgIfMLQkekRBQlFjjzzB
RdQ/liM2LyZ0Czt0TvFjButHL0C9klYQ+NWVIA8ccDD7DWEZ2N7zNzsf9d2VFdT3
StiA2M11hF+xY0C63LKNlgOi4IqY7uxC3XpYfMiVAoGBAJxj8qQMfdlPV/tH3ezs
hBFn5CVZ3xG9oHM6XzyCViiexUeaR9vnwseTy6wgus1av52WErJT3hZ8p3QdX75w
CBc0fh02KIPJ+9rFzcxYXK/sL8XrTCAOeG33LInCpDKX2VWMboDSE80BGclWYA4f
oDfLR4P8Mfg6aoCRexTCnEAt
-----END PRIVATE KEY-----
`;

/** The certificate's base64 body, as metadata carries it in `ds:X509Certificate`. */
export function certificateBody(pem: string = IDP_SIGNING_CERT_PEM): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}

export interface MetadataOptions {
  readonly entityId?: string;
  readonly ssoLocation?: string;
  readonly validUntil?: string;
  /** `use` of the key descriptor; omitted when null. */
  readonly keyUse?: 'signing' | 'encryption' | null;
  readonly certificate?: string;
}

/** IdP metadata as identity providers publish it (the shape of Okta's, ADFS's and Keycloak's). */
export function samlMetadata(o: MetadataOptions = {}): string {
  const entityId = o.entityId ?? 'https://idp.gatehouse.test/saml';
  const location = o.ssoLocation ?? 'https://idp.gatehouse.test/saml/sso';
  const validUntil = o.validUntil === undefined ? '' : ` validUntil="${o.validUntil}"`;
  const use = o.keyUse === null ? '' : ` use="${o.keyUse ?? 'signing'}"`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}"${validUntil}>` +
    '<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">' +
    `<md:KeyDescriptor${use}><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>` +
    `<ds:X509Certificate>${o.certificate ?? certificateBody()}</ds:X509Certificate>` +
    '</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>' +
    '<md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>' +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${location}"/>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${location}"/>` +
    '</md:IDPSSODescriptor></md:EntityDescriptor>'
  );
}
