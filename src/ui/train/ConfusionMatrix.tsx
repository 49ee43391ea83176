// The test set's confusion matrix (rows: true class, columns: predicted), shaded by the share of each true class;
// clicking a cell (or Enter on it) selects it so its images can be shown. Column names are written vertically so
// long class names ("automobile") show in full over narrow columns.
import { interpolateBlues, scaleSequentialSqrt } from 'd3';

export interface ConfusionMatrixProps {
  confusion: number[][];
  classes: string[];
  selected: { actual: number; predicted: number } | null;
  onSelect: (cell: { actual: number; predicted: number }) => void;
}

const shade = scaleSequentialSqrt(interpolateBlues).domain([0, 1]);

export function ConfusionMatrix({ confusion, classes, selected, onSelect }: ConfusionMatrixProps) {
  return (
    <table className="confusion" data-testid="confusion-matrix">
      <caption>Confusion matrix: rows are the true class, columns the predicted one</caption>
      <thead>
        <tr>
          <th scope="col" className="corner">
            true \ predicted
          </th>
          {classes.map((c, j) => (
            <th key={j} scope="col" className="col-head" title={`predicted ${c}`}>
              <span>{c}</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {confusion.map((row, i) => {
          const total = row.reduce((a, b) => a + b, 0);
          return (
            <tr key={i}>
              <th scope="row" className="row-head" title={`true ${classes[i]}`}>
                {classes[i]}
              </th>
              {row.map((n, j) => {
                const share = total > 0 ? n / total : 0;
                const isSelected = selected?.actual === i && selected.predicted === j;
                return (
                  <td key={j}>
                    <button
                      className={`cell${i === j ? ' diagonal' : ''}${isSelected ? ' selected' : ''}`}
                      style={{ background: shade(share), color: share > 0.45 ? '#fff' : '#111' }}
                      onClick={() => onSelect({ actual: i, predicted: j })}
                      aria-pressed={isSelected}
                      aria-label={`true ${classes[i]}, predicted ${classes[j]}: ${n} examples`}
                      data-testid={`cell-${i}-${j}`}
                    >
                      {n}
                    </button>
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
