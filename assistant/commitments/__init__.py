"""commitments"""
