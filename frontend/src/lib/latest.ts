// Which of a view's loads is the latest: an answer that comes back after a newer request was sent is
// dropped, so a filter changed while the first list was still being made never shows the old list over
// the new one (a report for all tags arriving after the one for the tag chosen meanwhile).
export class Latest {
  private n = 0
  // Called as a load starts; the function it returns says whether that load is still the latest.
  begin(): () => boolean {
    const mine = ++this.n
    return () => mine === this.n
  }
}
