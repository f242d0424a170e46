// better-sqlite3-multiple-ciphers keeps better-sqlite3's API (and ships no types of its own).
declare module 'better-sqlite3-multiple-ciphers' {
  import Database from 'better-sqlite3';
  export = Database;
}
