/** Messages between the page and its workers. */

export interface MonteCarloRequest {
  type: 'run';
  id: number;
  p: number[];
  q: number[];
  k: number;
  /** A registered method id, or 'biased' for the duplicate-skipping RRS. */
  method: string;
  trials: number;
  seed: number;
  /** Trials between two progress reports. */
  chunk: number;
}

export interface MonteCarloCancel {
  type: 'cancel';
  id: number;
}

export interface MonteCarloProgress {
  type: 'progress' | 'done';
  id: number;
  done: number;
  tokenCounts: number[];
  positionCounts: number[];
  accepted: number;
  seconds: number;
}

export interface MonteCarloFailure {
  type: 'error';
  id: number;
  message: string;
}

export interface ExactWorRequest {
  key: string;
  p: string[];
  q: string[];
  k: number;
}
