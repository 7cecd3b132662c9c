/**
 * Small built-in name lists for synthetic customers. Two markets, so the
 * second demo workspace looks like a different business. Emails use only the
 * RFC 2606 reserved domains: demo campaigns can never reach a real inbox.
 */

export interface NameLists {
  female: readonly string[];
  male: readonly string[];
  last: readonly string[];
}

export const US_NAMES: NameLists = {
  female: [
    "Olivia", "Emma", "Charlotte", "Amelia", "Sophia", "Mia", "Isabella", "Ava", "Evelyn", "Harper",
    "Luna", "Camila", "Sofia", "Scarlett", "Elizabeth", "Eleanor", "Emily", "Chloe", "Mila", "Violet",
    "Penelope", "Gianna", "Aria", "Abigail", "Ella", "Avery", "Hazel", "Nora", "Layla", "Lily",
    "Aurora", "Nova", "Ellie", "Madison", "Grace", "Isla", "Willow", "Zoe", "Riley", "Stella",
    "Maya", "Priya", "Aaliyah", "Keisha", "Mei", "Yuna", "Fatima", "Lucia", "Ana", "Rosa",
  ],
  male: [
    "Liam", "Noah", "Oliver", "James", "Elijah", "Mateo", "Theodore", "Henry", "Lucas", "William",
    "Benjamin", "Levi", "Sebastian", "Jack", "Ezra", "Michael", "Daniel", "Leo", "Owen", "Samuel",
    "Hudson", "Alexander", "Asher", "Luca", "Ethan", "John", "David", "Jackson", "Joseph", "Mason",
    "Luke", "Matthew", "Julian", "Dylan", "Elias", "Jacob", "Maverick", "Gabriel", "Logan", "Aiden",
    "Carlos", "Diego", "Andre", "Jamal", "Wei", "Hiroshi", "Arjun", "Omar", "Kwame", "Ivan",
  ],
  last: [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
    "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
    "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
    "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
    "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
    "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes",
    "Stewart", "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper",
    "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson",
    "Watson", "Brooks", "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes",
    "Price", "Alvarez", "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "O'Brien",
  ],
};

export const EU_NAMES: NameLists = {
  female: [
    "Emma", "Mia", "Hannah", "Sofia", "Lena", "Lea", "Marie", "Anna", "Clara", "Lina",
    "Chloé", "Léa", "Manon", "Camille", "Inès", "Julia", "Sara", "Giulia", "Alice", "Aurora",
    "Lucía", "Martina", "Paula", "Daniela", "Sanne", "Fleur", "Eva", "Zoë", "Amelia", "Isla",
    "Freya", "Ingrid", "Astrid", "Maja", "Zofia", "Olga", "Elena", "Ines", "Beatriz", "Nina",
  ],
  male: [
    "Noah", "Leon", "Paul", "Ben", "Finn", "Elias", "Felix", "Jonas", "Luis", "Lukas",
    "Gabriel", "Louis", "Raphaël", "Arthur", "Jules", "Hugo", "Leonardo", "Francesco", "Alessandro", "Lorenzo",
    "Hugo", "Martín", "Mateo", "Pablo", "Daan", "Sem", "Lucas", "Oliver", "George", "Harry",
    "Lars", "Erik", "Magnus", "Jakub", "Piotr", "Tomás", "João", "Miguel", "Mikkel", "Niels",
  ],
  last: [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
    "García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "de Jong", "Jansen",
    "de Vries", "van den Berg", "Bakker", "Visser", "Smith", "Jones", "Taylor", "Brown", "Nowak", "Kowalski",
    "Novák", "Svoboda", "Hansen", "Nielsen", "Johansson", "Andersson", "Silva", "Santos", "Ferreira", "Costa",
  ],
};

/** RFC 2606 reserved domains only. */
export const SAFE_EMAIL_DOMAINS = ["example.com", "example.net", "example.org", "mail.example.com", "inbox.example.net"] as const;

/** Lower-case ASCII local-part fragment from a name ("O'Brien" -> "obrien", "Müller" -> "muller"). */
export function emailFragment(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
}
