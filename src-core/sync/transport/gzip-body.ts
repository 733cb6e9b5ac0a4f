// gzip for request bodies with the platform's CompressionStream (Chromium, Electron and Node ≥ 18),
// so src-core needs no zlib. Response bodies need nothing: fetch negotiates Accept-Encoding and
// inflates by itself (in a browser the header is the browser's to set).

export async function gzipText(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
