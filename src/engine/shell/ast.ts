/** The bash subset's syntax tree. Words keep their quoting so expansion happens at run time ($? must be fresh). */

export interface WordPart {
  text: string;
  /** Inside single quotes: no expansion at all. */
  single?: boolean;
  /** Inside double quotes: $ expands, no word splitting or tilde. */
  double?: boolean;
  /** `$(...)` or backquotes: `text` is the command line whose output replaces it. */
  subst?: boolean;
}

export type Word = WordPart[];

export type RedirOp = '>' | '>>' | '<' | '<>' | '>&' | '<&' | '<<' | '&>';

export interface Redir {
  fd: number;
  op: RedirOp;
  target: Word;
  /** The body of a here-document (`<<EOF`), filled by the caller that collected the lines. */
  heredoc?: string;
  /** `<<-` strips leading tabs. */
  stripTabs?: boolean;
  /** Whether the delimiter was quoted (then the body is not expanded). */
  quotedDelimiter?: boolean;
}

export interface SimpleCommand {
  assigns: Array<{ name: string; value: Word }>;
  words: Word[];
  redirs: Redir[];
}

export interface Pipeline {
  negate: boolean;
  commands: SimpleCommand[];
}

export type ListOp = ';' | '&&' | '||' | '&';

export interface List {
  items: Array<{ pipeline: Pipeline; op: ListOp }>;
}
