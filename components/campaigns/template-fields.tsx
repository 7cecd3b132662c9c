"use client";

import type { TemplateField } from "@/lib/campaigns/templates/template-issue";
import type { TemplateIssue } from "@/lib/campaigns/templates/template-issue";
import { Field, inputClasses, noteId } from "@/components/ui/field";
import type { EditorState } from "./editor-model";
import { SmsCounter } from "./sms-counter";
import { TemplateIssues } from "./template-issues";

type Control = HTMLInputElement | HTMLTextAreaElement;

interface Props {
  state: EditorState;
  /** Sets one field of the template of the chosen channel. */
  onChange: (field: TemplateField, value: string) => void;
  /** Issues from the live preview, with their places. */
  issues: TemplateIssue[];
  /** A refused save's errors, keyed by path ("content.html"). */
  errors: Record<string, string>;
  /** The control of each field, so a variable can be inserted and an issue located. */
  controlRef: (field: TemplateField, el: Control | null) => void;
  onFocusField: (field: TemplateField) => void;
  onLocate: (issue: TemplateIssue) => void;
}

const mono = `${inputClasses} font-mono text-xs leading-5`;

/** The template, field by field for the chosen channel, each with its problems at their line and column. */
export function TemplateFields({ state, onChange, issues, errors, controlRef, onFocusField, onLocate }: Props) {
  const text = (field: TemplateField, label: string, value: string, options: { multiline?: boolean; rows?: number; hint?: React.ReactNode; placeholder?: string; extra?: React.ReactNode } = {}) => {
    const id = `template-${field}`;
    const own = issues.filter((i) => i.field === field);
    const error = errors[`content.${field}`];
    const props = {
      id,
      value,
      placeholder: options.placeholder,
      spellCheck: false,
      "aria-describedby": noteId(id),
      "aria-invalid": own.length > 0 || error ? true : undefined,
      onFocus: () => onFocusField(field),
      onChange: (e: React.ChangeEvent<Control>) => onChange(field, e.target.value),
      ref: (el: Control | null) => controlRef(field, el),
    };
    return (
      <Field id={id} label={label} hint={options.hint} error={own.length === 0 ? error : undefined}>
        {options.multiline ? <textarea {...props} rows={options.rows ?? 8} className={mono} /> : <input {...props} className={inputClasses} />}
        {options.extra}
        <TemplateIssues source={value} issues={own} onLocate={onLocate} />
      </Field>
    );
  };

  switch (state.channel) {
    case "email":
      return (
        <div className="space-y-4">
          {text("subject", "Subject", state.email.subject, { placeholder: "Hi {{ customer.first_name }}, …" })}
          {text("preheader", "Preheader", state.email.preheader, { hint: "The line inboxes show after the subject. Optional." })}
          {text("html", "HTML body", state.email.html, { multiline: true, rows: 12 })}
          {text("text", "Plain-text body", state.email.text, { multiline: true, rows: 6, hint: "Leave empty to derive it from the HTML body." })}
        </div>
      );
    case "sms":
      return text("text", "SMS text", state.sms.text, { multiline: true, rows: 5, extra: <SmsCounter text={state.sms.text} /> });
    case "push":
    case "webhook":
      return text("payload", state.channel === "push" ? "Push payload (JSON)" : "Webhook payload (JSON)", state[state.channel].payload, {
        multiline: true,
        rows: 12,
        hint: (
          <>
            A JSON object. Insert values with the json filter, which adds the quotes: <code>{"{{ customer.first_name | json }}"}</code>.
            {state.channel === "push" ? " title, body and data are what the push provider shows." : ""}
          </>
        ),
      });
  }
}
