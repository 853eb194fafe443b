/** ABAP registration (`/SDF/ALM_SETUP`): a system registers itself and gets its LMS ID. */
import { almViews as views } from '../../../alm-api/index.js';
import { ALM_ERRORS } from '../../../alm-api/errors.js';
import { defineRoute, json, type AnyRoute } from '../../contract/route.js';
import { auth, tag, TOKEN, type AlmRouteKit } from './kit.js';

export function registrationRoutes({ almApi: { registration }, as }: AlmRouteKit): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/api/landscape-management/v1/Registration',
      summary: 'Register an ABAP system; returns its LMS ID (scope calm-api.landscape.write)',
      tag,
      auth,
      before: as('landscape.write'),
      body: { raw: true, content: { 'application/json': views.registrationRequestSchema } },
      responses: { 200: json('The system and its LMS ID', views.registrationAnswerSchema) },
      errors: { ...TOKEN, 400: [ALM_ERRORS.invalid_payload] },
      handler: ({ auth: who, body }) => registration.register(who, body),
    }),
  ];
}
