// Delivery, bounce and complaint reports from the workspace's email provider. Public; signed with the callback secret.
import { providerCallbackRoute } from "@/lib/next/provider-callback-route";

export const POST = providerCallbackRoute("email");
