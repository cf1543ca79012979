/** A field's error under its label, with "错误：" for screen readers. */
import { t } from '../../i18n/t.ts';

/** Renders nothing when there is no message. */
export function FieldMessage(props: { id: string; message: string | undefined }) {
  if (!props.message) return null;
  return (
    <p id={props.id} class="field-error">
      <span class="visually-hidden">{t('report.errors.prefix')}</span>
      {props.message}
    </p>
  );
}
