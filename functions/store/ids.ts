/** Record ids: time-ordered (so lists sort by creation without a sequence) with 60 random bits. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export function newId(now = Date.now()): string {
  const rand = crypto.getRandomValues(new Uint8Array(12));
  let tail = '';
  for (const b of rand) tail += ALPHABET[b & 31];
  return now.toString(36).padStart(9, '0') + tail;
}
