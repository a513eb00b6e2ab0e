/** An HTTP response produced by a protocol encoder, ready for the server to write. */
export interface EncodedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}
