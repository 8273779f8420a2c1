// One of the user's sessions as the account page shows it: worded on the server, rendered in the browser.
export type AccountSession = {
  id: string;
  device: string;
  createdAt: string;
  lastActiveAt: string;
  /** The two times in words, worded here (in the reader's zone when known) so the page hydrates as rendered. */
  createdLabel: string;
  lastActiveLabel: string;
  current: boolean;
};
