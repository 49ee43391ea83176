// The input the Inside view looks at: a test image, the drawing or an upload, as the network's uint8 NHWC pixels.

export type SampleSource = 'test' | 'drawing' | 'upload';

export interface Sample {
  source: SampleSource;
  pixels: Uint8Array;
  /** Changes whenever the pixels do (the views refetch on it). */
  key: string;
  /** Human words for it: "test image 12 (7)", "your drawing". */
  label: string;
}
