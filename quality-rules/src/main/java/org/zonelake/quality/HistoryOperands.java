package org.zonelake.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.glue.dqdl.model.DQRule;
import software.amazon.glue.dqdl.model.condition.number.AtomicNumberOperand;
import software.amazon.glue.dqdl.model.condition.number.BinaryExpressionOperand;
import software.amazon.glue.dqdl.model.condition.number.FunctionCallOperand;
import software.amazon.glue.dqdl.model.condition.number.NumericOperand;
import software.amazon.glue.dqdl.model.condition.number.OperandEvaluator;

/**
 * Resolves the operands of a DQDL condition: number literals, arithmetic ({@code avg(last(5)) *
 * 0.5}) and the history functions {@code avg}, {@code min}, {@code max} and {@code sum} over {@code
 * last(k)}, the metric's values in the k latest earlier batches.
 */
final class HistoryOperands extends OperandEvaluator {

  private static final long serialVersionUID = 1L;

  /** The functions a dynamic rule may apply to {@code last(k)}. */
  static final List<String> FUNCTIONS = List.of("avg", "min", "max", "sum");

  private final List<Double> history;

  /**
   * @param history the metric's earlier values, oldest first
   */
  HistoryOperands(List<Double> history) {
    this.history = List.copyOf(history);
  }

  /** True when the operand needs history (it calls a function somewhere). */
  static boolean isDynamic(NumericOperand operand) {
    if (operand instanceof FunctionCallOperand) {
      return true;
    }
    if (operand instanceof BinaryExpressionOperand binary) {
      return isDynamic(binary.getOperand1()) || isDynamic(binary.getOperand2());
    }
    return false;
  }

  /**
   * Why the operand cannot be evaluated, or null when it can: only literals, + - * / and the
   * functions of {@link #FUNCTIONS} applied to {@code last(k)} with k at least 1.
   */
  static String problem(NumericOperand operand) {
    if (operand instanceof AtomicNumberOperand) {
      return null;
    }
    if (operand instanceof BinaryExpressionOperand binary) {
      String first = problem(binary.getOperand1());
      return first != null ? first : problem(binary.getOperand2());
    }
    if (operand instanceof FunctionCallOperand call) {
      String name = call.getFunctionName().toLowerCase(Locale.ROOT);
      if (!FUNCTIONS.contains(name)
          || call.getOperands().size() != 1
          || !(call.getOperands().get(0) instanceof FunctionCallOperand last)
          || !last.getFunctionName().equalsIgnoreCase("last")
          || last.getOperands().size() != 1
          || !(last.getOperands().get(0) instanceof AtomicNumberOperand k)
          || parseCount(k.getOperand()) < 1) {
        return "'" + operand + "' (history functions are avg, min, max or sum of last(k), k >= 1)";
      }
      return null;
    }
    return "'" + operand + "' (neither a number, arithmetic nor a history function)";
  }

  @Override
  public Double evaluate(DQRule rule, NumericOperand operand) {
    return value(operand);
  }

  /** The operand's value; null when it needs history and there is none yet. */
  Double value(NumericOperand operand) {
    if (operand instanceof AtomicNumberOperand) {
      return Double.valueOf(operand.getOperand());
    }
    if (operand instanceof BinaryExpressionOperand binary) {
      Double a = value(binary.getOperand1());
      Double b = value(binary.getOperand2());
      if (a == null || b == null) {
        return null;
      }
      return switch (binary.getOperator()) {
        case "+" -> a + b;
        case "-" -> a - b;
        case "*" -> a * b;
        case "/" -> a / b;
        default -> throw new IllegalStateException("operator " + binary.getOperator());
      };
    }
    FunctionCallOperand call = (FunctionCallOperand) operand;
    FunctionCallOperand last = (FunctionCallOperand) call.getOperands().get(0);
    int k = parseCount(last.getOperands().get(0).getOperand());
    List<Double> window = history.subList(Math.max(0, history.size() - k), history.size());
    if (window.isEmpty()) {
      return null;
    }
    return switch (call.getFunctionName().toLowerCase(Locale.ROOT)) {
      case "avg" -> window.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      case "min" -> window.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      case "max" -> window.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      case "sum" -> window.stream().mapToDouble(Double::doubleValue).sum();
      default -> throw new IllegalStateException("function " + call.getFunctionName());
    };
  }

  /** How a threshold resolved against history ends: {@code ... from 5 run(s))}. */
  static final String FROM_RUNS = " run(s))";

  /**
   * The operands' values against the history, in order, or empty when one of them has no history
   * yet.
   */
  Optional<List<Double>> resolve(List<NumericOperand> operands) {
    List<Double> bounds = new ArrayList<>();
    for (NumericOperand operand : operands) {
      Double bound = value(operand);
      if (bound == null) {
        return Optional.empty();
      }
      bounds.add(bound);
    }
    return Optional.of(bounds);
  }

  /** A dynamic rule's threshold while the history holds too few runs. */
  static String withoutHistory(String threshold) {
    return threshold + " (no history yet)";
  }

  /** A dynamic rule's threshold with the bounds the history resolved it to from {@code runs}. */
  static String resolved(String threshold, List<Double> bounds, int runs) {
    return threshold
        + " (= "
        + bounds.stream().map(DataQuality::number).collect(Collectors.joining(" and "))
        + " from "
        + runs
        + FROM_RUNS;
  }

  /**
   * The earlier values these operands read, oldest first: the latest k of the history for the
   * largest {@code last(k)} among them (none for literals).
   */
  List<Double> read(List<NumericOperand> operands) {
    int k = operands.stream().mapToInt(HistoryOperands::lastCount).max().orElse(0);
    return history.subList(Math.max(0, history.size() - k), history.size());
  }

  private static int lastCount(NumericOperand operand) {
    if (operand instanceof BinaryExpressionOperand binary) {
      return Math.max(lastCount(binary.getOperand1()), lastCount(binary.getOperand2()));
    }
    if (operand instanceof FunctionCallOperand call
        && call.getOperands().size() == 1
        && call.getOperands().get(0) instanceof FunctionCallOperand last
        && last.getOperands().size() == 1) {
      return parseCount(last.getOperands().get(0).getOperand());
    }
    return 0;
  }

  private static int parseCount(String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
