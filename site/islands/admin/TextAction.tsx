/** One textarea and a button, checked with the API's schema before it is sent. */
import { useRef, useState } from 'preact/hooks';
import { FieldMessage } from './FieldMessage.tsx';

/** Runs an action, shows its result (a sentence) or its error, and reloads the case. */
export type Run = (fn: () => Promise<string>) => Promise<void>;

/**
 * One textarea and a button: reject with a reason, ask the citizen for more, or (in the console's
 * exposure view) withdraw a published entry.
 */
export function TextAction(props: {
  id: string;
  title: string;
  label: string;
  hint?: string;
  submit: string;
  danger?: boolean;
  validate: (text: string) => string | undefined;
  send: (text: string) => Promise<string>;
  run: Run;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const inputRef = useRef<HTMLTextAreaElement>(null);
  return (
    <form
      class="admin-section"
      noValidate
      aria-labelledby={`${props.id}-title`}
      onSubmit={async (e) => {
        e.preventDefault();
        const problem = props.validate(text);
        setError(problem);
        if (problem) {
          inputRef.current?.focus();
          return;
        }
        await props.run(() => props.send(text.trim()));
      }}
    >
      <h3 id={`${props.id}-title`}>{props.title}</h3>
      <div class={`field${error ? ' field-has-error' : ''}`}>
        <label for={props.id}>{props.label}</label>
        {props.hint && (
          <p class="hint" id={`${props.id}-hint`}>
            {props.hint}
          </p>
        )}
        <FieldMessage id={`${props.id}-error`} message={error} />
        <textarea
          id={props.id}
          ref={inputRef}
          rows={3}
          value={text}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={
            [props.hint && `${props.id}-hint`, error && `${props.id}-error`]
              .filter(Boolean)
              .join(' ') || undefined
          }
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </div>
      <p>
        <button type="submit" class={`btn ${props.danger ? 'btn-danger' : 'btn-primary'}`}>
          {props.submit}
        </button>
      </p>
    </form>
  );
}
