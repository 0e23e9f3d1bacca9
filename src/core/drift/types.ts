// Shapes shared by the drift readers, statistics and reports.

/** `images`: a folder of images, compared by reconstruction error rather than by column. */
export type DataFormat = 'csv' | 'tsv' | 'jsonl' | 'parquet' | 'images';

/** What a column holds, inferred from its values. `empty`: every value is missing. */
export type ColumnKind = 'numeric' | 'datetime' | 'categorical' | 'empty';

interface ColumnBase {
  readonly name: string;
  readonly rows: number;
  readonly missing: number;
}

export interface NumericColumnData extends ColumnBase {
  readonly kind: 'numeric' | 'datetime';
  /** One value per row, NaN where missing; datetimes as epoch milliseconds. */
  readonly values: Float64Array;
  /** The non-missing values, ascending. */
  readonly sorted: Float64Array;
}

export interface CategoricalColumnData extends ColumnBase {
  readonly kind: 'categorical';
  /** Index into `dictionary` per row; -1 where missing. */
  readonly codes: Int32Array;
  readonly dictionary: readonly string[];
}

export interface EmptyColumnData extends ColumnBase {
  readonly kind: 'empty';
}

export type ColumnData = NumericColumnData | CategoricalColumnData | EmptyColumnData;

export interface Dataset {
  readonly path: string;
  readonly format: DataFormat;
  readonly rows: number;
  /** In file order. */
  readonly columns: readonly ColumnData[];
  /**
   * Every column name in the file, in file order, including those not read (--columns). Absent
   * when the dataset did not come from a file; then `columns` are all there is.
   */
  readonly fileColumns?: readonly string[];
}
