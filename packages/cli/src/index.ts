export { type Command, type CommandIO, defineCommand, helpText } from "./_internal/command.js";
export { EXIT_CODES, main } from "./main.js";
