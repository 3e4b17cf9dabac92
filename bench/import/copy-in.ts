// A minimal COPY … FROM STDIN for node-postgres (pg-copy-streams is not a dependency): a
// "submittable" query object that answers the server's CopyInResponse with the data chunks.
import type pg from 'pg';

interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
}

class CopyIn {
  private failure: Error | null = null;
  private settle!: { resolve: () => void; reject: (e: Error) => void };
  readonly done = new Promise<void>((resolve, reject) => {
    this.settle = { resolve, reject };
  });

  constructor(
    readonly text: string,
    private readonly chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
  ) {}

  submit(connection: PgConnection): void {
    connection.query(this.text);
  }

  async handleCopyInResponse(connection: PgConnection): Promise<void> {
    for await (const chunk of this.chunks) {
      connection.sendCopyFromChunk(chunk);
      if (connection.stream.writableNeedDrain) {
        await new Promise((resolve) => connection.stream.once('drain', resolve));
      }
    }
    connection.endCopyFrom();
  }

  handleError(error: Error): void {
    this.failure = error;
  }

  handleReadyForQuery(): void {
    if (this.failure) this.settle.reject(this.failure);
    else this.settle.resolve();
  }

  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
  handleEmptyQuery(): void {}
  handleCopyData(): void {}
}

export async function copyIn(
  client: pg.Client,
  sql: string,
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
): Promise<void> {
  const query = new CopyIn(sql, chunks);
  (client as unknown as { query(q: CopyIn): void }).query(query);
  await query.done;
}
