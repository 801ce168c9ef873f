/** Word lists CARB draws from. Changing them changes generated items: bump CARB_VERSION. */

/** Proper names for relational chains (distinct first letters are not required). */
export const NAMES = [
  "Ada",
  "Bram",
  "Cleo",
  "Dmitri",
  "Esme",
  "Farid",
  "Greta",
  "Hugo",
  "Ines",
  "Jonas",
  "Kira",
  "Luca",
  "Maya",
  "Nils",
  "Omar",
  "Priya",
  "Quinn",
  "Rosa",
  "Soren",
  "Tara",
  "Umar",
  "Vera",
  "Wes",
  "Xena",
  "Yusuf",
  "Zoe",
  "Anton",
  "Bea",
  "Cyrus",
  "Dora",
  "Emil",
  "Fay",
  "Gil",
  "Hana",
  "Ivo",
  "Juno",
  "Kai",
  "Lena",
  "Milo",
  "Nora",
  "Otto",
  "Pia",
  "Raul",
  "Sana",
  "Theo",
  "Uma",
  "Vik",
  "Wren",
] as const;

/** Transitive comparatives with their converse: [relation, converse]. */
export const RELATIONS = [
  ["taller", "shorter"],
  ["heavier", "lighter"],
  ["older", "younger"],
  ["faster", "slower"],
  ["stronger", "weaker"],
  ["richer", "poorer"],
  ["louder", "quieter"],
  ["happier", "sadder"],
] as const;

/**
 * World-knowledge scales for counterfactuals, ascending in the property named by the
 * relation: in the actual world each entry is [relation]-er than every entry before it.
 */
const scale = (relation: string, converse: string, entities: readonly string[]) => ({ relation, converse, entities });
export const SCALES: readonly { relation: string; converse: string; entities: readonly string[] }[] = [
  scale("heavier", "lighter", ["feather", "leaf", "coin", "pencil", "apple", "book", "brick", "bicycle", "piano", "car", "elephant", "truck"]),
  scale("bigger", "smaller", ["ant", "bee", "mouse", "rabbit", "cat", "dog", "sheep", "horse", "giraffe", "elephant", "whale"]),
  scale("hotter", "colder", ["glacier", "snowball", "ice cube", "river", "puddle", "cup of tea", "oven", "campfire", "volcano", "star"]),
  scale("faster", "slower", ["snail", "tortoise", "sloth", "duck", "bicycle", "horse", "cheetah", "train", "airplane", "rocket"]),
  scale("longer", "shorter", ["grain of rice", "paperclip", "pencil", "ruler", "broom", "canoe", "bus", "bridge", "river", "highway"]),
  scale("harder", "softer", ["pillow", "sponge", "bread", "cheese", "rubber", "wood", "brick", "iron", "steel", "diamond"]),
];

/** Plural nouns naming the domain of a syllogism. */
export const NOUNS = [
  "cats",
  "dogs",
  "birds",
  "students",
  "teachers",
  "robots",
  "painters",
  "sailors",
  "farmers",
  "poets",
  "doctors",
  "pilots",
  "foxes",
  "horses",
  "owls",
  "chefs",
  "miners",
  "dancers",
  "wizards",
  "knights",
] as const;

/** Adjectives used as predicates over a noun. */
export const ADJECTIVES = [
  "black",
  "small",
  "loud",
  "old",
  "striped",
  "friendly",
  "heavy",
  "quick",
  "shy",
  "clever",
  "green",
  "tall",
  "calm",
  "brave",
  "noisy",
  "sleepy",
  "tidy",
  "curious",
  "wild",
  "gentle",
  "young",
  "proud",
  "silent",
  "lucky",
] as const;

/** Neutral facts about people, used as filler distractors (never a comparative). */
export const FILLER_FACTS = [
  "{n} owns a red bicycle.",
  "{n} lives near the harbour.",
  "{n} collects old maps.",
  "{n} was born in the spring.",
  "{n} likes green tea.",
  "{n} plays the violin.",
  "{n} works at the library.",
  "{n} visited the museum on Tuesday.",
] as const;
