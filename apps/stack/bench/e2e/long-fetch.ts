// A fetch over node:http without a time limit, for the planner API's backup call. A backup of 1M
// records can take longer than the 300 s that Node's fetch waits for an answer's headers, and the
// planner answers a backup only once it is done.
import { request as httpRequest } from 'node:http';

const NO_BODY = new Set([101, 204, 205, 304]);

export async function longFetch(request: Request): Promise<Response> {
  const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return new Promise((resolve, reject) => {
    const req = httpRequest(request.url, { method: request.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const answer = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value === undefined) continue;
          for (const v of Array.isArray(value) ? value : [value]) answer.append(name, v);
        }
        const status = res.statusCode ?? 500;
        resolve(new Response(NO_BODY.has(status) ? null : Buffer.concat(chunks), { status, headers: answer }));
      });
    });
    req.on('error', reject);
    req.setTimeout(0);
    req.end(body);
  });
}
