/**
 * Escaping of text placed in XML element content or attribute values, as AWS's XML responses
 * escape it: the five predefined entities, and carriage returns and tabs as character references so
 * that XML parsers do not normalise them away.
 */
const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#xD;',
  '\t': '&#x9;',
};

const NEEDS_ESCAPE = /[&<>"'\r\t]/;
const ESCAPED = /[&<>"'\r\t]/g;

export function escapeXml(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPED, (c) => XML_ESCAPES[c] ?? c) : text;
}

/** `<name>content</name>`, or `<name/>` when there is no content. */
export function xmlElement(name: string, content: string): string {
  return content === '' ? `<${name}/>` : `<${name}>${content}</${name}>`;
}
