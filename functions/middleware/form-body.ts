/**
 * Form bodies (urlencoded and multipart) with their cost bounded before any parsing: the size is
 * capped by content type, the fields or parts are counted in one linear pass and refused above a
 * cap, and the parse itself is linear. One request must not hold the event loop: before this,
 * 60,000 repeated fields took 18 s and every other request waited for them.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors.ts';

export const FORM_LIMITS = {
  /**
   * Fields (urlencoded) or parts (multipart) in one body. The report form has 13 fields; the API
   * takes up to 20 `entities` fields and 3 screenshots besides, still well under this.
   */
  maxFields: 60,
  /**
   * Urlencoded bytes: no file travels this way, and the longest form (2,000 characters of
   * description, 20 lines of 200, percent-encoded at 9 bytes a Chinese character) is about 60 KB.
   */
  urlencodedBytes: 256 * 1024,
  /** Multipart bytes: three 5 MB screenshots plus the text fields. */
  multipartBytes: 16 * 1024 * 1024,
} as const;

/** A form's text fields; a name sent more than once keeps all its values, in order. */
export type FormFields = Record<string, string | string[]>;

/** A file part as received: bytes and the name the citizen's device gave it (not trusted). */
export interface IncomingAttachment {
  bytes: Uint8Array;
  filename?: string;
}

export type FormKind = 'urlencoded' | 'multipart';

/** Which form encoding a request uses, from its Content-Type; null when it is not a form. */
export function formKind(contentType: string | undefined): FormKind | null {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return 'urlencoded';
  if (type === 'multipart/form-data') return 'multipart';
  return null;
}

export const tooManyFields = () =>
  new ApiError(413, 'too_many_fields', '表单里的项目太多了，请删减后再提交。');
export const badForm = () => new ApiError(400, 'bad_form', '表单内容不完整，请重新提交。');

/**
 * Caps the body by its form encoding (also for chunked bodies, through Hono's bodyLimit); other
 * content types pass untouched. `onTooLarge` answers when the cap is passed.
 */
export function formBodyLimit(onTooLarge: (c: Context) => Response): MiddlewareHandler {
  const urlencoded = bodyLimit({ maxSize: FORM_LIMITS.urlencodedBytes, onError: onTooLarge });
  const multipart = bodyLimit({ maxSize: FORM_LIMITS.multipartBytes, onError: onTooLarge });
  return (c, next) => {
    const kind = formKind(c.req.header('content-type'));
    if (kind === 'urlencoded') return urlencoded(c, next);
    if (kind === 'multipart') return multipart(c, next);
    return next();
  };
}

/**
 * Reads a form body: text fields (arrays when repeated) and the file parts named `fileField` that
 * `keepFile` accepts. Throws ApiError: 413 `too_many_fields` above FORM_LIMITS.maxFields, 400
 * `bad_form` when the body is not a well-formed form of its declared type.
 */
export async function readFormBody(
  c: Context,
  opts: { fileField: string; keepFile: (file: IncomingAttachment) => boolean },
): Promise<{ fields: FormFields; files: IncomingAttachment[] }> {
  const contentType = c.req.header('content-type');
  const kind = formKind(contentType);
  if (!kind) throw badForm();
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  const entries =
    kind === 'urlencoded'
      ? parseUrlencoded(bytes, FORM_LIMITS.maxFields)
      : parseMultipart(bytes, multipartBoundary(contentType), FORM_LIMITS.maxFields);
  const fields: FormFields = {};
  const files: IncomingAttachment[] = [];
  for (const e of entries) {
    if (e.file) {
      if (e.name === opts.fileField && opts.keepFile(e.file)) files.push(e.file);
      continue;
    }
    // Appending in place keeps repeated fields linear (copying the array each time was quadratic).
    const prev = fields[e.name];
    if (prev === undefined) fields[e.name] = e.value;
    else if (Array.isArray(prev)) prev.push(e.value);
    else fields[e.name] = [prev, e.value];
  }
  return { fields, files };
}

interface FormEntry {
  name: string;
  value: string;
  file?: IncomingAttachment;
}

const utf8 = new TextDecoder();

/** application/x-www-form-urlencoded (WHATWG URL §5.1), after counting the fields. */
function parseUrlencoded(bytes: Uint8Array, maxFields: number): FormEntry[] {
  let fields = 1;
  for (let i = bytes.indexOf(0x26); i !== -1; i = bytes.indexOf(0x26, i + 1)) {
    if (++fields > maxFields) throw tooManyFields();
  }
  const out: FormEntry[] = [];
  for (const [name, value] of new URLSearchParams(utf8.decode(bytes))) out.push({ name, value });
  return out;
}

/** The boundary parameter of a multipart Content-Type (RFC 2046 §5.1.1: 1–70 characters). */
function multipartBoundary(contentType: string | undefined): string {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))\s*(?:;|$)/i.exec(contentType ?? '');
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) throw badForm();
  return boundary;
}

/**
 * Every start of `pattern` in `text`, by Knuth–Morris–Pratt: linear in the text whatever the
 * pattern, which the sender chooses (a repetitive boundary makes naive and Boyer–Moore searches
 * quadratic). Stops with `tooMany` once `max` positions are found.
 */
function findAll(text: Uint8Array, pattern: Uint8Array, max: number, tooMany: () => Error) {
  const fail = new Int32Array(pattern.length);
  for (let i = 1, k = 0; i < pattern.length; i++) {
    while (k > 0 && pattern[i] !== pattern[k]) k = fail[k - 1]!;
    if (pattern[i] === pattern[k]) k++;
    fail[i] = k;
  }
  const found: number[] = [];
  for (let i = 0, k = 0; i < text.length; i++) {
    while (k > 0 && text[i] !== pattern[k]) k = fail[k - 1]!;
    if (text[i] === pattern[k]) k++;
    if (k === pattern.length) {
      if (found.length >= max) throw tooMany();
      found.push(i - k + 1);
      k = fail[k - 1]!;
    }
  }
  return found;
}

/**
 * multipart/form-data (RFC 7578): parts between `--boundary` delimiter lines, each with headers,
 * a blank line and its content. A part with a `filename` is a file. The delimiters are found (and
 * counted, refused above `maxParts`) before any part is looked at.
 */
function parseMultipart(bytes: Uint8Array, boundary: string, maxParts: number): FormEntry[] {
  // Reading from a CRLF before the body lets the first delimiter (which has none) match too.
  const text = new Uint8Array(bytes.length + 2);
  text.set([0x0d, 0x0a]);
  text.set(bytes, 2);
  const delimiter = new TextEncoder().encode(`\r\n--${boundary}`);
  // Parts plus the closing delimiter.
  const at = findAll(text, delimiter, maxParts + 1, tooManyFields);
  const out: FormEntry[] = [];
  let closed = false;
  for (let n = 0; n < at.length; n++) {
    const after = at[n]! + delimiter.length;
    if (text[after] === 0x2d && text[after + 1] === 0x2d) {
      closed = true;
      break;
    }
    const next = at[n + 1];
    if (next === undefined) break;
    // The delimiter line ends with CRLF (transport padding before it is allowed).
    const lineEnd = indexOfCrlf(text, after, next);
    if (lineEnd === -1) throw badForm();
    const headersEnd = indexOfBlankLine(text, lineEnd, next);
    if (headersEnd === -1) throw badForm();
    const headers = utf8.decode(text.subarray(lineEnd + 2, headersEnd));
    const content = text.subarray(headersEnd + 4, next);
    const entry = partEntry(headers, content);
    if (entry) out.push(entry);
  }
  if (!closed) throw badForm();
  return out;
}

function indexOfCrlf(b: Uint8Array, from: number, end: number): number {
  for (let i = b.indexOf(0x0d, from); i !== -1 && i + 1 < end; i = b.indexOf(0x0d, i + 1)) {
    if (b[i + 1] === 0x0a) return i;
  }
  return -1;
}

/** Where the headers of a part end: the CRLF CRLF after them (from the CRLF ending the delimiter). */
function indexOfBlankLine(b: Uint8Array, from: number, end: number): number {
  for (let i = from; i !== -1 && i + 3 < end; i = indexOfCrlf(b, i + 2, end)) {
    if (b[i + 2] === 0x0d && b[i + 3] === 0x0a) return i;
  }
  return -1;
}

/** A part's name and value (or file) from its headers; null for a part without a form name. */
function partEntry(headers: string, content: Uint8Array): FormEntry | null {
  const disposition = /^content-disposition:\s*form-data\s*(;.*)$/im.exec(headers)?.[1];
  if (!disposition) return null;
  const name = dispositionParam(disposition, 'name');
  if (name === undefined) return null;
  const filename = dispositionParam(disposition, 'filename');
  if (filename === undefined) return { name, value: utf8.decode(content) };
  return { name, value: '', file: { bytes: content, filename } };
}

/**
 * One parameter of a Content-Disposition header. Browsers send names quoted, as UTF-8, with `"`
 * and line breaks percent-encoded (HTML §4.10.21.8), which is undone here.
 */
function dispositionParam(disposition: string, param: string): string | undefined {
  const re = new RegExp(`;\\s*${param}="([^"]*)"|;\\s*${param}=([^";\\s]*)`, 'i');
  const m = re.exec(disposition);
  if (!m) return undefined;
  const raw = m[1] ?? m[2] ?? '';
  return raw.replace(/%(22|0D|0A)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
