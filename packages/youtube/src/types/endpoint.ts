/** One API method: its params and its response body. */
export interface Endpoint<Params, Result> {
  params: Params;
  result: Result;
}
