package org.zonelake.deploy;

import software.amazon.awscdk.BootstraplessSynthesizer;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * A stack of the lake: named {@code <prefix>-<concern>}, with a {@code Prefix} parameter from which
 * every resource name derives, synthesized without a bootstrap stack (no assets), and bound to a
 * region only when the settings name one.
 */
public abstract class LakeStack extends Stack {

  private final LakeSettings settings;
  private final LakeNames names;

  /**
   * Creates the stack.
   *
   * @param scope the app
   * @param id the construct id, also the template's file name
   * @param settings the lake settings
   * @param concern the stack name's suffix
   * @param description the template description
   */
  protected LakeStack(
      Construct scope, String id, LakeSettings settings, String concern, String description) {
    super(scope, id, stackProps(settings, concern, description));
    this.settings = settings;
    CfnParameter prefix =
        CfnParameter.Builder.create(this, "Prefix")
            .type("String")
            .defaultValue(settings.prefix())
            .allowedPattern(LakeSettings.PREFIX_PATTERN)
            .constraintDescription("3 to 16 lower-case letters or digits, starting with a letter")
            .description(
                "Names every resource of the lake (<prefix>-...); deploy all stacks of one lake"
                    + " with the same value.")
            .build();
    this.names = new LakeNames(prefix.getValueAsString());
  }

  private static StackProps stackProps(LakeSettings settings, String concern, String description) {
    StackProps.Builder props =
        StackProps.builder()
            .stackName(settings.prefix() + "-" + concern)
            .description(description)
            .synthesizer(new BootstraplessSynthesizer())
            .analyticsReporting(false);
    settings.region().ifPresent(r -> props.env(Environment.builder().region(r).build()));
    return props.build();
  }

  /** The settings this stack was synthesized with. */
  public LakeSettings settings() {
    return settings;
  }

  /** The names of the lake, from this stack's {@code Prefix} parameter. */
  public LakeNames names() {
    return names;
  }

  /** The data key exported by the storage stack. */
  protected IKey importDataKey() {
    return Key.fromKeyArn(this, "DataKey", Fn.importValue(names.dataKeyExport()));
  }

  /** The alert key exported by the monitoring stack. */
  protected IKey importAlertKey() {
    return Key.fromKeyArn(this, "AlertKey", Fn.importValue(names.alertKeyExport()));
  }

  /** A stack output. */
  protected void output(String id, String description, String value) {
    CfnOutput.Builder.create(this, id).description(description).value(value).build();
  }

  /** A stack output exported as {@code exportName}, for the other stacks to import. */
  protected void exportedOutput(String id, String description, String value, String exportName) {
    CfnOutput.Builder.create(this, id)
        .description(description)
        .value(value)
        .exportName(exportName)
        .build();
  }

  /**
   * A customer managed key of the lake with yearly rotation, {@code alias/<alias>}, kept when the
   * stack is deleted (30 days' pending window when it is deleted on purpose).
   */
  protected Key retainedKey(String id, String alias, String description) {
    return Key.Builder.create(this, id)
        .alias("alias/" + alias)
        .description(description)
        .enableKeyRotation(true)
        .pendingWindow(Duration.days(30))
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
  }

  /** A log group encrypted with the data key, deleted with the stack. */
  protected LogGroup encryptedLogGroup(
      String id, String name, RetentionDays retention, IKey dataKey) {
    return LogGroup.Builder.create(this, id)
        .logGroupName(name)
        .retention(retention)
        .encryptionKey(dataKey)
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
  }
}
