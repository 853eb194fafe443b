/**
 * The online test of a service key: token, signature, claims, and optionally the API. It treats every key
 * as a foreign one (a real SAP key or ours) and talks to the servers only over HTTP, through egress.
 * Invariant: the result never contains the client secret, the private key or the access token. Step code
 * is written not to put them there; `scrub` removes them once more before the result leaves.
 */
import { isDomainError } from '../shared/index.js';
import { DEFAULT_API_PROBE_PATH, probeApi } from './api-step.js';
import { checkClaims } from './jwt-claims-step.js';
import { verifySignature } from './jwt-signature-step.js';
import {
  failed,
  type KeyTestOptions,
  type KeyTestResult,
  type KeyTestStep,
  type KeyTestStepId,
  type StepOutcome,
} from './key-test.types.js';
import { readKeyUnderTest, secretsOf, type KeyUnderTest } from './key-under-test.js';
import { scrub } from './server-text.js';
import { requestToken } from './token-step.js';

const STEP_ORDER: readonly KeyTestStepId[] = ['token', 'jwt-signature', 'jwt-claims', 'api'];

interface Run {
  readonly steps: KeyTestStep[];
  readonly options: KeyTestOptions;
}

async function runStep<T>(run: Run, id: KeyTestStepId, body: () => Promise<StepOutcome<T>>): Promise<T | undefined> {
  const started = run.options.clock.now().getTime();
  let outcome: StepOutcome<T>;
  try {
    outcome = await body();
  } catch (error) {
    // A bug, not a finding about the key: report it without its message, which might quote inputs.
    outcome = failed(`the test itself failed unexpectedly (${error instanceof Error ? error.name : typeof error})`);
  }
  const durationMs = Math.max(0, run.options.clock.now().getTime() - started);
  const warning = outcome.status === 'passed' ? outcome.warning : undefined;
  run.steps.push({ id, status: outcome.status, detail: outcome.detail, ...(warning ? { warning } : {}), durationMs });
  return outcome.status === 'passed' ? outcome.value : undefined;
}

function skipRest(run: Run, detail: (id: KeyTestStepId) => string): void {
  for (const id of STEP_ORDER) {
    if (!run.steps.some((s) => s.id === id))
      run.steps.push({ id, status: 'skipped', detail: detail(id), durationMs: 0 });
  }
}

function summarise(steps: readonly KeyTestStep[]): KeyTestResult {
  const failedStep = steps.find((s) => s.status === 'failed');
  if (failedStep) {
    return {
      ok: false,
      steps,
      failedStep: failedStep.id,
      reason: failedStep.detail,
      summary: `the key failed at step ${failedStep.id}: ${failedStep.detail}`,
    };
  }
  const api = steps.find((s) => s.id === 'api');
  const apiPart = api?.status === 'passed' ? ', and the API accepted the token' : ' (API not probed)';
  const warnings = steps.flatMap((s) => (s.warning ? [s.warning] : []));
  const summary = `the key works: it obtained a token whose signature and claims are valid for this key${apiPart}`;
  if (warnings.length === 0) return { ok: true, steps, summary };
  return { ok: true, steps, warnings, summary: `${summary}; warning: ${warnings.join('; ')}` };
}

function scrubResult(result: KeyTestResult, secrets: readonly string[]): KeyTestResult {
  if (secrets.length === 0) return result;
  const clean = (text: string): string => scrub(text, secrets);
  return {
    ...result,
    steps: result.steps.map((s) => ({
      ...s,
      detail: clean(s.detail),
      ...(s.warning === undefined ? {} : { warning: clean(s.warning) }),
    })),
    ...(result.reason === undefined ? {} : { reason: clean(result.reason) }),
    ...(result.warnings === undefined ? {} : { warnings: result.warnings.map(clean) }),
    summary: clean(result.summary),
  };
}

async function runSteps(run: Run, key: KeyUnderTest, secrets: string[]): Promise<void> {
  const { egress, clock } = run.options;
  const skippedAfter = (failedId: KeyTestStepId) => () => `skipped because step ${failedId} failed`;
  // skip details start with "skipped" so that a one-line printer can show them as they are

  const token = await runStep(run, 'token', () => requestToken(key, egress));
  if (token === undefined) return skipRest(run, skippedAfter('token'));
  secrets.push(token.accessToken);

  const verified = await runStep(run, 'jwt-signature', () => verifySignature(token.accessToken, key, egress));
  if (verified === undefined) return skipRest(run, skippedAfter('jwt-signature'));

  const claimsOk = await runStep(run, 'jwt-claims', async () =>
    checkClaims(verified.payload, key, { now: clock.now(), expectedZoneId: run.options.expectedZoneId }),
  );
  if (claimsOk === undefined) return skipRest(run, skippedAfter('jwt-claims'));

  if (!run.options.apiProbe) return skipRest(run, () => 'skipped: not requested');
  if (key.apiUrl === undefined) return skipRest(run, () => 'skipped: the key has no endpoints.Api to call');
  const path = run.options.apiProbePath ?? DEFAULT_API_PROBE_PATH;
  await runStep(run, 'api', () => probeApi(token.accessToken, key.apiUrl ?? '', path, egress));
}

/**
 * Tests a service key (the parsed JSON object, or its cf CLI v8 `{"credentials": ...}` wrapper) against
 * its own token server and, when asked, its API. Never throws for a bad key: problems become a failed step.
 */
export async function testServiceKey(document: unknown, options: KeyTestOptions): Promise<KeyTestResult> {
  const run: Run = { steps: [], options };
  const secrets: string[] = [];
  let key: KeyUnderTest;
  try {
    key = readKeyUnderTest(document);
  } catch (error) {
    const detail = isDomainError(error) ? error.message : 'the key cannot be read';
    run.steps.push({ id: 'token', status: 'failed', detail, durationMs: 0 });
    skipRest(run, () => 'skipped because the key cannot request a token');
    return summarise(run.steps);
  }
  secrets.push(...secretsOf(key));
  await runSteps(run, key, secrets);
  return scrubResult(summarise(run.steps), secrets);
}
