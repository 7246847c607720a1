// The workerd entry: a module worker that runs the conformance suite on request.
import { run } from './suite.js';

export default {
  async fetch(): Promise<Response> {
    return Response.json(await run());
  },
};
