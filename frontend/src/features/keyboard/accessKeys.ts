/**
 * An access key per label, in order: its first letter or digit when no earlier label took it, else its next letter
 * not taken yet, else "" (no key). Keys are lower case; labels compare case-insensitively ("Approve", "Assign" → a, s).
 */
export function accessKeys(labels: string[]): string[] {
  const taken = new Set<string>();
  return labels.map((label) => {
    const key = [...label.toLowerCase()].find((char) => /[a-z0-9]/.test(char) && !taken.has(char)) ?? "";
    if (key) taken.add(key);
    return key;
  });
}
