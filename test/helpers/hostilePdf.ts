/**
 * Crafted PDFs for the hostile-input tests, made in milliseconds at test
 * time (no real file is a bomb): one whose page content inflates to a given
 * size, one with a given number of pages, one with none.
 */
import { constants, deflateRawSync } from 'node:zlib';

/** A PDF file from its objects' bodies (1-based; object 1 the catalogue), with a correct xref table. */
export function pdfOf(objects: Array<string | Buffer>): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n')];
  let length = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(length);
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), Buffer.isBuffer(body) ? body : Buffer.from(body), Buffer.from('\nendobj\n')]);
    parts.push(b);
    length += b.length;
  });
  const xref = length;
  parts.push(Buffer.from(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/**
 * A zlib stream of `megabytes` MB of zeros, about a thousandth of that in
 * size: one MB deflated and flushed to a byte boundary, repeated, then the
 * final block and the checksum (Adler-32 of n zeros is a = 1, b = n mod 65521).
 */
export function zeroBomb(megabytes: number): Buffer {
  const mb = deflateRawSync(Buffer.alloc(1 << 20), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const n = megabytes * (1 << 20);
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((n % 65521) * 65536 + 1);
  return Buffer.concat([Buffer.from([0x78, 0xda]), ...Array.from({ length: megabytes }, () => mb), Buffer.from([0x03, 0x00]), adler]);
}

/** One page whose content stream inflates to `megabytes` MB. */
export function inflateBombPdf(megabytes: number): Buffer {
  const stream = zeroBomb(megabytes);
  return pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
    Buffer.concat([Buffer.from(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`), stream, Buffer.from('\nendstream')]),
  ]);
}

/** `pages` pages, each with a line of its own (a repeated line would be taken for a running head). */
export function manyPagesPdf(pages: number): Buffer {
  const first = 4;
  const kids = Array.from({ length: pages }, (_, i) => `${first + 2 * i} 0 R`).join(' ');
  const content = (i: number) => `BT /F1 12 Tf 72 ${700 - (i % 40) * 15} Td (Reviewers read page ${i + 1} of this long test with care.) Tj ET`;
  return pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} /Resources << /Font << /F1 3 0 R >> >> /MediaBox [0 0 612 792] >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ...Array.from({ length: pages }, (_, i) => [`<< /Type /Page /Parent 2 0 R /Contents ${first + 2 * i + 1} 0 R >>`, `<< /Length ${content(i).length} >>\nstream\n${content(i)}\nendstream`]).flat(),
  ]);
}

/** A PDF whose page tree has no page. */
export function noPagesPdf(): Buffer {
  return pdfOf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>']);
}
