import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";

// zxcvbn-ts with its common-language lists: the most-used passwords, names, common words, keyboard
// walks, sequences, repeats and dates. Built on first use (the lists are a few MB of strings).
let factory: ZxcvbnFactory | undefined;

/**
 * A password an attacker would try early: one of the common passwords or built from them
 * ("Password1234", "qwertyuiop123", "monkey123456"), a repeat or a sequence. zxcvbn's score below
 * 3 (of 4) means fewer than about 10^8 guesses; a long phrase of ordinary words passes.
 */
export function isGuessablePassword(password: string): boolean {
  factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return factory.check(password).score < 3;
}
