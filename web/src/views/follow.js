// Follower: autoscroll for a scrolling view. It follows new output while
// the view is at the bottom, pauses as soon as the user scrolls, wheels or
// presses ↑/PageUp/Home in it, and resumes at the bottom or with the
// "Jump to latest" button.

const PAUSE_GAP_PX = 4;   // autoscroll pauses when the view is this far above the bottom...
const RESUME_GAP_PX = 1;  // ...and resumes only this close to it (hysteresis)

export class Follower {
  // onChange(follow) is called when following stops or starts.
  constructor(scroller, jumpButton, onChange = () => {}) {
    this.el = scroller;
    this.onChange = onChange;
    this.jump = jumpButton;
    this.follow = true;
    scroller.addEventListener('scroll', () => {
      const gap = this.gap();
      if (this.follow && gap > PAUSE_GAP_PX) this.set(false);
      else if (!this.follow && gap <= RESUME_GAP_PX) this.set(true);
    }, { passive: true });
    // An upward wheel step or key pauses at once, however small the step.
    scroller.addEventListener('wheel', (ev) => {
      if (ev.deltaY < 0 && this.follow && this.canScroll()) this.set(false);
    }, { passive: true });
    scroller.addEventListener('keydown', (ev) => {
      if (['ArrowUp', 'PageUp', 'Home'].includes(ev.key) && this.follow && this.canScroll()) this.set(false);
    });
    jumpButton.addEventListener('click', () => {
      this.set(true);
      scroller.focus({ preventScroll: true });
    });
    if (typeof ResizeObserver === 'function') {
      new ResizeObserver(() => this.follow && this.toBottom()).observe(scroller);
    }
  }

  gap() {
    return this.el.scrollHeight - this.el.scrollTop - this.el.clientHeight;
  }

  canScroll() {
    return this.el.scrollHeight > this.el.clientHeight;
  }

  toBottom() {
    this.el.scrollTop = this.el.scrollHeight;
  }

  set(follow) {
    const changed = follow !== this.follow;
    this.follow = follow;
    this.jump.hidden = follow;
    if (follow) this.toBottom();
    if (changed) this.onChange(follow);
  }

  // after is called once new content is on screen.
  after() {
    if (this.follow) this.toBottom();
  }
}
