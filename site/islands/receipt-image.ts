/**
 * "保存为图片": draws the tip-off receipt and what to do with it onto a canvas and downloads it as
 * a PNG, with no library. Many elderly users keep things as photos in their album rather than as
 * text, so the picture carries the code and the key instructions on its own.
 */

/** Splits Chinese text into lines that fit `maxWidth` (CJK text breaks between any characters). */
function wrapText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of Array.from(text)) {
    if (ctx.measureText(line + ch).width > maxWidth && line) {
      lines.push(line);
      line = ch.trim() ? ch : '';
    } else {
      line += ch;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export interface ReceiptImageText {
  siteName: string;
  title: string;
  code: string;
  lines: string[];
}

/** Renders the receipt card onto a new canvas (2× scale for sharp text on phones). */
export function drawReceipt(doc: Document, text: ReceiptImageText): HTMLCanvasElement {
  const scale = 2;
  const width = 720;
  const pad = 40;
  const canvas = doc.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas 2d unavailable');
  const font = (size: number, weight = 400, mono = false) =>
    `${weight} ${size}px ${mono ? 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace' : 'system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif'}`;

  // Measure first, so the canvas is exactly as tall as its content.
  ctx.font = font(26);
  const body = text.lines.flatMap((l) => [...wrapText(ctx, l, width - pad * 2), '']);
  const bodyHeight = body.reduce((sum, l) => sum + (l ? 38 : 14), 0);
  // The code breaks only between its dash-separated groups, never inside one.
  ctx.font = font(44, 700, true);
  const codeLines: string[] = [];
  for (const group of text.code.split('-')) {
    const last = codeLines.at(-1);
    if (last !== undefined && ctx.measureText(`${last}-${group}`).width <= width - pad * 2 - 40) {
      codeLines[codeLines.length - 1] = `${last}-${group}`;
    } else {
      codeLines.push(group);
    }
  }
  const codeBox = codeLines.length * 58 + 24;
  const height = pad + 28 + 50 + 40 + codeBox + 40 + bodyHeight + pad;

  canvas.width = width * scale;
  canvas.height = height * scale;
  ctx.scale(scale, scale);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.strokeStyle = '#0b4f9c';
  ctx.lineWidth = 6;
  ctx.strokeRect(3, 3, width - 6, height - 6);

  let y = pad + 28;
  ctx.fillStyle = '#0b4f9c';
  ctx.font = font(28, 800);
  ctx.fillText(text.siteName, pad, y);
  y += 50;
  ctx.fillStyle = '#1a1a1a';
  ctx.font = font(34, 700);
  ctx.fillText(text.title, pad, y);
  y += 40;

  // The code in a box, large and monospaced so 0/O and 1/I are told apart when copied by hand.
  ctx.strokeStyle = '#1a1a1a';
  ctx.lineWidth = 3;
  ctx.strokeRect(pad, y, width - pad * 2, codeBox);
  ctx.font = font(44, 700, true);
  ctx.textBaseline = 'middle';
  codeLines.forEach((line, i) => ctx.fillText(line, pad + 20, y + 12 + 29 + i * 58));
  ctx.textBaseline = 'alphabetic';
  y += codeBox + 40 + 20;

  ctx.font = font(26);
  for (const line of body) {
    if (line) ctx.fillText(line, pad, y);
    y += line ? 38 : 14;
  }
  return canvas;
}

/** Draws the receipt and starts a PNG download named after the code. */
export function downloadReceiptImage(doc: Document, text: ReceiptImageText): Promise<void> {
  const canvas = drawReceipt(doc, text);
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (!blob) return reject(new Error('toBlob failed'));
      const url = URL.createObjectURL(blob);
      const a = doc.createElement('a');
      a.href = url;
      a.download = `举报编号-${text.code.replace(/[^\w-]/g, '')}.png`;
      doc.body.append(a);
      a.click();
      a.remove();
      // Let the download start before the blob goes away.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      resolve();
    }, 'image/png');
  });
}
