/**
 * A CSV download streamed from a generator of lines. The first line is read
 * before answering, so a failure to start is a proper error status rather
 * than a broken download; lines go out in chunks of about 64 KB (one enqueue
 * per line would dominate the cost at a million rows). A client that goes
 * away before or while reading closes the generator, whether or not the
 * stream was ever pulled, so nothing it holds (a cursor, a connection) is
 * kept for good.
 */
export async function csvDownload(request: Request, lines: AsyncGenerator<string>, fileName: string): Promise<Response> {
  const close = () => void lines.return(undefined).catch(() => undefined);
  // A client gone before this line has already aborted the signal, and a listener added now would never fire.
  if (request.signal.aborted) close();
  else request.signal.addEventListener("abort", close, { once: true });
  const first = await lines.next();
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (!first.done) controller.enqueue(encoder.encode(first.value));
    },
    async pull(controller) {
      let chunk = "";
      while (chunk.length < 65_536) {
        const next = await lines.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += next.value;
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
    },
  });
}
