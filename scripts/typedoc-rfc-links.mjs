// TypeDoc plugin: "RFC 8252" and "RFC 8252 §7.3" in doc comments become links to the RFC (and
// section) at rfc-editor.org, so the source comments stay plain text.
import { MarkdownEvent } from 'typedoc';

const RFC = /\bRFC ?(\d{3,5})(?: ?§ ?(\d+(?:\.\d+)*))?/g;

/** Links RFC mentions in text outside tags and existing links. */
export function linkRfcs(html) {
  let insideLink = 0;
  return html
    .split(/(<[^>]+>)/)
    .map((part) => {
      if (part.startsWith('<')) {
        if (/^<a\b/i.test(part)) insideLink += 1;
        else if (/^<\/a>/i.test(part)) insideLink = Math.max(0, insideLink - 1);
        return part;
      }
      if (insideLink > 0) return part;
      return part.replace(
        RFC,
        (text, number, section) => `<a href="https://www.rfc-editor.org/rfc/rfc${number}${section ? `#section-${section}` : ''}">${text}</a>`,
      );
    })
    .join('');
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.renderer.on(MarkdownEvent.PARSE, (event) => {
    event.parsedText = linkRfcs(event.parsedText);
  });
}
