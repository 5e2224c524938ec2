import { IConstruct } from 'constructs';

/**
 * A cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, Job) or Pod, of
 * any cdk8s-plus 2.x (cdk8s-plus-28 through cdk8s-plus-34).
 *
 * The library types cdk8s-plus objects by what it reads, not by one
 * version's classes, so a workload of whichever cdk8s-plus your app uses
 * fits. It reads, at synthesis: the workload's `matchLabels` and
 * `matchExpressions` when it has a selector of its own, else the label
 * selector that `toPodSelectorConfig()` returns (a Pod's address label),
 * and the namespace in its `metadata`.
 */
export interface IPodSelectorLike extends IConstruct {
  /**
   * The pods this object selects, as cdk8s-plus `IPodSelector` returns them.
   */
  toPodSelectorConfig(): any;
}

/**
 * A cdk8s-plus Namespace, of any cdk8s-plus 2.x (cdk8s-plus-28 through
 * cdk8s-plus-34): the library reads its name.
 */
export interface INamespaceLike extends IConstruct {
  /**
   * The namespace's name.
   */
  readonly name: string;
}
