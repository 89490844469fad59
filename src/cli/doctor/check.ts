/** One line of `dl4ds doctor`'s report; a `fix` makes it a problem. */
export interface Check {
  label: string;
  value: string;
  fix?: string;
}
