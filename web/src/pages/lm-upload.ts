/**
 * The upload dialog of the SAP Cloud ALM Service Key section (`+`): choose the TXT/JSON file, and the format
 * check runs at once (POST ...?dryRun=true, multipart part `file`) listing errors and warnings; Upload is
 * enabled only for a file that passes it. The file's content stays in the browser's File object: it is not
 * read into this page, not logged and not stored.
 */
import { ApiError, answer, api, multipart, type Problem, type Schemas } from '../api';
import { h, replace } from '../dom';
import { plural, t } from '../i18n';
import { button, errorStrip, openDialog, problems, strip, type Dialog } from '../ui/kit';

type FileUploader = HTMLElement & { value: string; valueState: string; files: FileList | null };
type Button = HTMLElement & { disabled: boolean; loading: boolean };

export function uploadDialog(options: {
  tenantId: string;
  tenantName: string;
  identityZone: string;
  onUploaded: (warnings: readonly Problem[]) => Promise<void>;
}): void {
  let file: File | undefined;
  let checked: Schemas['UploadCheck'] | undefined;
  const result = h('div', { class: 'strips', id: 'format-check', attrs: { 'aria-live': 'polite' } });
  const picker = h<FileUploader>('ui5-file-uploader', {
    id: 'key-file',
    accept: '.txt,.json,text/plain,application/json',
    placeholder: t('lmUpload.placeholder'),
    accessibleName: t('lmUpload.fileName'),
  });
  const upload = h<Button>(
    'ui5-button',
    { design: 'Emphasized', disabled: true, id: 'upload-submit', on: { click: () => void submit() } },
    t('lmUpload.upload'),
  );

  const slot = '/lm/v1/tenants/{tenantId}/service-key';
  const path = { tenantId: options.tenantId };

  async function check(f: File): Promise<void> {
    file = f;
    checked = undefined;
    upload.disabled = true;
    picker.valueState = 'None';
    replace(result, strip('Information', `Checking the format of ${f.name}…`));
    try {
      const checkedNow = await answer(api.POST(slot, { params: { path, query: { dryRun: 'true' } }, ...multipart(f) }));
      if (!('valid' in checkedNow)) throw new ApiError(500, 'ui.unexpected_answer', t('lmUpload.noResult'));
      if (file !== f) return; // another file was chosen meanwhile
      checked = checkedNow;
      picker.valueState = checkedNow.valid ? (checkedNow.warnings.length ? 'Critical' : 'Positive') : 'Negative';
      replace(
        picker.querySelector('[slot="valueStateMessage"]') ??
          picker.appendChild(h('div', { slot: 'valueStateMessage' })),
        checkedNow.valid
          ? checkedNow.warnings.length
            ? t('lmUpload.passedWarnings')
            : t('lmUpload.passed')
          : t('lmUpload.failed'),
      );
      upload.disabled = !checkedNow.valid;
      replace(result, ...report(checkedNow));
    } catch (error) {
      picker.valueState = 'Negative';
      replace(
        result,
        error instanceof ApiError && error.details.length
          ? (report({ valid: false, errors: error.details, warnings: error.warnings })[0] ?? errorStrip(error))
          : errorStrip(error),
      );
    }
  }

  async function submit(): Promise<void> {
    if (!file || !checked?.valid) return;
    upload.loading = true;
    try {
      const stored = await answer(api.POST(slot, { params: { path }, ...multipart(file) }));
      dialog.open = false;
      await options.onUploaded(stored.warnings ?? []);
    } catch (error) {
      replace(
        result,
        ...(error instanceof ApiError && error.details.length
          ? report({ valid: false, errors: error.details, warnings: error.warnings })
          : [errorStrip(error)]),
      );
      upload.disabled = true;
    } finally {
      upload.loading = false;
    }
  }

  picker.addEventListener('change', (event) => {
    const files = (event as CustomEvent<{ files: FileList | null }>).detail?.files ?? picker.files;
    const chosen = files?.[0];
    if (chosen) void check(chosen);
  });

  const dialog: Dialog = openDialog({
    title: t('lmUpload.title'),
    initialFocus: 'key-file',
    content: [
      h('p', {}, t('lmUpload.intro', options.tenantName, options.identityZone)),
      h(
        'div',
        { class: 'stack' },
        h('ui5-label', { for: 'key-file', required: true }, t('lmUpload.fileLabel')),
        picker,
      ),
      result,
    ],
    footer: [upload, button('Cancel', () => (dialog.open = false), { design: 'Transparent', id: 'upload-cancel' })],
  });
  dialog.addEventListener('close', () => {
    file = undefined;
  });
}

function report(check: {
  readonly valid: boolean;
  readonly errors: readonly Problem[];
  readonly warnings: readonly Problem[];
}): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (check.valid)
    out.push(strip('Positive', h('span', { id: 'format-ok' }, 'The format check passed: this file can be uploaded.')));
  else
    out.push(
      strip(
        'Negative',
        h(
          'div',
          { class: 'stack', id: 'format-errors' },
          h('strong', {}, plural(check.errors.length, 'lmUpload.oneError', 'lmUpload.errors')),
          problems(check.errors),
        ),
      ),
    );
  if (check.warnings.length)
    out.push(
      strip(
        'Critical',
        h(
          'div',
          { class: 'stack', id: 'format-warnings' },
          h('strong', {}, t(check.warnings.length === 1 ? 'lmUpload.warning' : 'lmUpload.warnings')),
          problems(check.warnings),
        ),
      ),
    );
  return out;
}
