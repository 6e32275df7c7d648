package org.zonelake.athena;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Runs SQL on one engine and returns the rows as plain Java values. */
interface SqlEngine {

  /**
   * A result.
   *
   * @param columns the column names
   * @param rows the rows, values as the engine's Java client returns them
   */
  record Result(List<String> columns, List<List<Object>> rows) {}

  Dialect dialect();

  /** Runs one query; failures carry the engine's message and the statement. */
  Result query(String sql);

  /** Runs one statement that returns no rows (DDL, {@code CALL}). */
  void execute(String sql);

  /** Spark SQL in the given session. */
  static SqlEngine spark(SparkSession spark) {
    return new SqlEngine() {
      @Override
      public Dialect dialect() {
        return Dialect.SPARK;
      }

      @Override
      public Result query(String sql) {
        try {
          Dataset<Row> result = spark.sql(sql);
          List<List<Object>> rows = new ArrayList<>();
          for (Row row : result.collectAsList()) {
            List<Object> values = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) {
              values.add(row.get(i));
            }
            rows.add(values);
          }
          return new Result(Arrays.asList(result.columns()), rows);
        } catch (RuntimeException e) {
          throw new IllegalStateException("Spark failed: " + e.getMessage() + "\n" + sql, e);
        }
      }

      @Override
      public void execute(String sql) {
        query(sql);
      }
    };
  }

  /** Trino through its JDBC driver, on one connection. */
  static SqlEngine trino(Connection connection) {
    return new SqlEngine() {
      @Override
      public Dialect dialect() {
        return Dialect.TRINO;
      }

      @Override
      public synchronized Result query(String sql) {
        try (Statement statement = connection.createStatement();
            ResultSet rs = statement.executeQuery(sql)) {
          ResultSetMetaData meta = rs.getMetaData();
          List<String> columns = new ArrayList<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i));
          }
          List<List<Object>> rows = new ArrayList<>();
          while (rs.next()) {
            List<Object> values = new ArrayList<>(columns.size());
            for (int i = 1; i <= columns.size(); i++) {
              values.add(rs.getObject(i));
            }
            rows.add(values);
          }
          return new Result(columns, rows);
        } catch (SQLException e) {
          throw new IllegalStateException("Trino failed: " + e.getMessage() + "\n" + sql, e);
        }
      }

      @Override
      public synchronized void execute(String sql) {
        try (Statement statement = connection.createStatement()) {
          statement.execute(sql);
        } catch (SQLException e) {
          throw new IllegalStateException("Trino failed: " + e.getMessage() + "\n" + sql, e);
        }
      }
    };
  }
}
