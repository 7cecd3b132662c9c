/**
 * Cuts text for display to `maxChars`, with a marker saying how much was
 * left out, so a response never grows with the length of a value in the file.
 * Never splits a surrogate pair.
 */
export function clipText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = maxChars;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}… (${(text.length - end).toLocaleString("en-US")} more characters)`;
}
