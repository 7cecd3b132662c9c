// Delivery, bounce and complaint reports for email, posted by the provider: public, each request signed with the workspace's email callback secret.
import { receiptRoute } from "@/lib/next/receipt-route";

export const POST = receiptRoute("email");
