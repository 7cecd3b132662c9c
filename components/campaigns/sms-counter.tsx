import { SMS_LIMITS, smsSegments } from "@/lib/campaigns/templates/sms-segments";

/**
 * Characters and SMS parts of the text as written (variables count as their
 * template text here; the preview shows the count for a real customer).
 */
export function SmsCounter({ text, id }: { text: string; id?: string }) {
  const { encoding, segments, units } = smsSegments(text);
  const limits = SMS_LIMITS[encoding];
  return (
    <p id={id} className="mt-1 text-xs text-slate-600" aria-live="polite">
      {units} {encoding === "GSM-7" ? "characters" : "UTF-16 units"} · {segments} {segments === 1 ? "part" : "parts"} · {encoding}
      <span className="text-slate-500">
        {" "}
        ({limits.single} in one part, {limits.perPart} per part when split{encoding === "UCS-2" ? "; a character outside GSM-7 makes the whole text UCS-2" : ""})
      </span>
    </p>
  );
}
