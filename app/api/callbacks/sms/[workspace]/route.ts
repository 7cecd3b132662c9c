// Delivery receipts for SMS, posted by the provider: public, each request signed with the workspace's SMS callback secret.
import { receiptRoute } from "@/lib/next/receipt-route";

export const POST = receiptRoute("sms");
