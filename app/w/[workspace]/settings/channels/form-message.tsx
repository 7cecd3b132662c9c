// Shared by the settings forms; kept here so this page's imports stay as they are.
export { FormMessage } from "@/components/ui/form-message";
