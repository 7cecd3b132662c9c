// Shared by the settings forms; kept here so this page's imports stay as they are.
export { Field, inputClasses, noteId } from "@/components/ui/field";
