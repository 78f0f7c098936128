/**
 * A local http server on 127.0.0.1 that serves partner metadata for the URL tests (the fetcher
 * allows plain http only to the local machine). Each path's answer is set by the test; an unset
 * path answers 404. `hits` counts the requests per path.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type MetadataRoute = (res: ServerResponse) => void;

export interface MetadataServer {
  readonly base: string;
  readonly routes: Map<string, MetadataRoute>;
  readonly hits: Map<string, number>;
  /** Serves `xml` at `path` with a metadata content type. */
  serve(path: string, xml: string): void;
  close(): Promise<void>;
}

export async function startMetadataServer(): Promise<MetadataServer> {
  const routes = new Map<string, MetadataRoute>();
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes.get(path);
    if (route === undefined) {
      res.statusCode = 404;
      res.end();
      return;
    }
    route(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    routes,
    hits,
    serve(path, xml) {
      routes.set(path, (res) => {
        res.setHeader('content-type', 'application/samlmetadata+xml');
        res.end(xml);
      });
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
