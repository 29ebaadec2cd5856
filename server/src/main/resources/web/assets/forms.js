// Problem details shown next to the control they are about, for the portal and admin pages.

/**
 * Shows an API error's detail beside the field it names (the detail starts with the field's
 * name, or matches one of the extra patterns), marking that input invalid; else in `fallback`.
 * `fields` maps a field name to [input, error element].
 */
export function showProblem(error, fields, fallback, patterns = []) {
  const detail = error.message || String(error);
  let target = Object.keys(fields).find((name) => detail.startsWith(name + ' '));
  if (!target) {
    const match = patterns.find(([pattern]) => pattern.test(detail));
    if (match) target = match[1];
  }
  if (target && fields[target]) {
    const [input, message] = fields[target];
    message.textContent = detail;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  } else {
    fallback.textContent = detail;
  }
}

/** Empties every error element and clears the invalid marks. */
export function clearProblems(fields, ...others) {
  for (const [input, message] of Object.values(fields)) {
    message.textContent = '';
    input.removeAttribute('aria-invalid');
  }
  for (const other of others) other.textContent = '';
}

/** The form's fields by name, each with the error element `${prefix}-${name}-error`. */
export function fieldsOf(form, prefix, names) {
  const fields = {};
  for (const name of names) {
    fields[name] = [form.elements[name], document.getElementById(prefix + '-' + name + '-error')];
  }
  return fields;
}
