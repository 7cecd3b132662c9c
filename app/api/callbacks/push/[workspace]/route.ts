// Delivery receipts for push notifications, posted by the provider: public, each request signed with the workspace's push callback secret.
import { receiptRoute } from "@/lib/next/receipt-route";

export const POST = receiptRoute("push");
