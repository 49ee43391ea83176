// Choose a test-set image by number (typed, previous/next, or at random).
import { useState } from 'react';

export function TestImagePicker({ index, count, onChange }: { index: number; count: number; onChange(index: number): void }) {
  const [text, setText] = useState(String(index));
  const [shown, setShown] = useState(index);
  // Follows changes made by the buttons while keeping what the user is typing.
  if (shown !== index) {
    setShown(index);
    setText(String(index));
  }
  const valid = (n: number) => Number.isInteger(n) && n >= 0 && n < count;
  const go = (n: number) => {
    const wrapped = ((n % count) + count) % count;
    onChange(wrapped);
  };
  const typed = Number(text);
  const bad = text.trim() === '' || !valid(typed);
  return (
    <div className="test-picker">
      <label className="field">
        Test image
        <input
          type="number"
          min={0}
          max={count - 1}
          value={text}
          aria-invalid={bad}
          aria-describedby={bad ? 'test-index-error' : undefined}
          onChange={(e) => {
            setText(e.target.value);
            const n = Number(e.target.value);
            if (e.target.value.trim() !== '' && valid(n)) onChange(n);
          }}
        />
      </label>
      <div className="picker-buttons" role="group" aria-label="Browse the test set">
        <button type="button" className="button" aria-label="Previous test image" title="Previous test image" onClick={() => go(index - 1)}>
          ◀
        </button>
        <button type="button" className="button" aria-label="Next test image" title="Next test image" onClick={() => go(index + 1)}>
          ▶
        </button>
        <button type="button" className="button" onClick={() => go(Math.floor(Math.random() * count))}>
          Random
        </button>
      </div>
      {bad && (
        <p id="test-index-error" className="issue issue-warning" role="status">
          Pick a whole number from 0 to {(count - 1).toLocaleString('en')}; showing image {index}.
        </p>
      )}
    </div>
  );
}
