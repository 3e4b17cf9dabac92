// Text from chat platforms is cleaned once, where every incoming message enters core (the chat
// service's handle), before any flow sees it. PostgreSQL refuses two things people can send: the NUL
// character (in text columns and JSON answers alike) and a lone UTF-16 surrogate (JSON.stringify
// writes it as "\ud800", which jsonb rejects: "unsupported Unicode escape sequence"). Both used to
// end as an internal error. Control characters carry no meaning in an answer, a file name or a
// button's data, so they are dropped; a lone surrogate becomes U+FFFD, as a UTF-8 decoder would show
// it. Tabs and line breaks stay (multi-line answers); a CR LF or a lone CR becomes one line break.
import type { IncomingEvent, IncomingMessage } from '../channel/messages.ts';
import type { RawAnswer } from '../questionnaire/parsers/index.ts';

/** C0 controls but tab and line feed, DEL, and the C1 controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROLS, '').replace(LONE_SURROGATE, '\uFFFD');
}

function cleanAnswer(value: RawAnswer): RawAnswer {
  if (typeof value === 'string') return cleanText(value);
  if (Array.isArray(value)) return value.map(cleanText);
  return value;
}

function cleanEvent(event: IncomingEvent): IncomingEvent {
  switch (event.kind) {
    case 'command':
      return { ...event, command: cleanText(event.command), args: cleanText(event.args) };
    case 'text':
      return { ...event, text: cleanText(event.text) };
    case 'action':
      return { ...event, action: cleanText(event.action) };
    case 'unsupported':
      return { ...event, what: cleanText(event.what) };
    case 'form':
      return {
        ...event,
        formId: cleanText(event.formId),
        values: Object.fromEntries(
          Object.entries(event.values).map(([id, value]) => [cleanText(id), cleanAnswer(value)]),
        ),
      };
    case 'file':
      return {
        ...event,
        fileName: cleanText(event.fileName),
        mimeType: event.mimeType === null ? null : cleanText(event.mimeType),
      };
  }
}

/** The message with every string a person or platform supplied cleaned (see above). */
export function cleanIncoming(message: IncomingMessage): IncomingMessage {
  return {
    ...message,
    userId: cleanText(message.userId),
    event: cleanEvent(message.event),
    ...(message.languageHint === undefined ? {} : { languageHint: cleanText(message.languageHint) }),
    ...(typeof message.address === 'string' ? { address: cleanText(message.address) } : {}),
  };
}
