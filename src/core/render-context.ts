/**
 * What a value object needs to know about the policy it is rendered into.
 */
export interface RenderContext {
  /** The construct path of the policy, for error messages. */
  readonly path: string;
  /** The namespace of the policy. */
  readonly namespace: string;
  /** The label key that `Selector.app()` matches. */
  readonly appLabelKey: string;
}
