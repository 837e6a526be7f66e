// The workerd entries of tinyjose/jws and tinyjose/jwe in one worker: a POST of the inputs runs
// the smoke (./smoke.mjs) and answers its results as JSON.

import * as jws from '../../js/jws/workerd.mjs';
import * as jwe from '../../js/jwe/workerd.mjs';
import { smoke } from './smoke.mjs';

export default {
  async fetch(request) {
    return Response.json(await smoke(jws, jwe, await request.json()));
  },
};
